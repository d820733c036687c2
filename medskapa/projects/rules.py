"""Who may do what in projects; registered from AppConfig.ready."""
