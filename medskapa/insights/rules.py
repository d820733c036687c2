"""Who may do what in insights; registered from AppConfig.ready."""
