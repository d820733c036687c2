"""Who may do what in checkins; registered from AppConfig.ready."""
