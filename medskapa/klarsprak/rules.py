"""Who may do what in klarsprak; registered from AppConfig.ready."""
