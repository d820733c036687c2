"""The projects pages, split by audience: ``staff`` (the team), ``young`` (a young person's
own pages) and ``public`` (the campaign link). The URLs are in ``projects/urls.py``."""
