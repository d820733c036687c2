"""Who may do what in conversations; registered from AppConfig.ready."""
