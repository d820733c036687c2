"""Who may do what in events; registered from AppConfig.ready."""
