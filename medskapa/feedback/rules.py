"""Who may do what in feedback; registered from AppConfig.ready."""
