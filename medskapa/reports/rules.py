"""Who may do what in reports; registered from AppConfig.ready."""
