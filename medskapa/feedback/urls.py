from django.urls import path

from . import views

app_name = "feedback"

ORG = "org/<uuid:organisation>/feedback/"
MESSAGE = ORG + "<uuid:message>/"

urlpatterns = [
    path(ORG, views.message_list, name="list"),
    path(ORG + "new/", views.message_create, name="create"),
    path(ORG + "coverage/", views.coverage, name="coverage"),
    path(MESSAGE, views.message_detail, name="detail"),
    path(MESSAGE + "edit/", views.message_edit, name="edit"),
    path(MESSAGE + "publish/", views.message_publish, name="publish"),
    path(MESSAGE + "withdraw/", views.message_withdraw, name="withdraw"),
    path("me/feedback/", views.mine, name="mine"),
    path("me/feedback/<uuid:delivery>/", views.mine_detail, name="mine_detail"),
]
