"""The core API's routers: the caller (``me``) and organisations with their units and staff."""
