from django.urls import reverse
from tests.audit.helpers import log
def test_dump(personas, client_for):
    log(personas.worker, personas.own.pk, subject=personas.young, purpose="=cmd")
    r = client_for(personas.admin).get(reverse("audit:review", args=[personas.own.pk]) + "?date_from=2026-02-30&action=view")
    print(r.content.decode().split('<main')[1].split('</main>')[0])
    r = client_for(personas.admin).get(reverse("audit:review", args=[personas.own.pk]))
    print(r.content.decode().split('<main')[1].split('</main>')[0])
