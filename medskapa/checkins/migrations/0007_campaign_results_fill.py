"""Existing campaigns start their shown results from what their pages showed until now (all
answers); from here on the results move in steps of at least five answers."""

from collections import defaultdict

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Campaign = apps.get_model("checkins", "Campaign")
    AreaScore = apps.get_model("checkins", "AreaScore")
    CampaignResponse = apps.get_model("checkins", "CampaignResponse")
    for campaign in Campaign.objects.all().iterator():
        raw: dict[str, dict[str, int]] = defaultdict(dict)
        for row in (
            AreaScore.objects.filter(campaign_response__campaign=campaign)
            .values("area", "score")
            .annotate(n=Count("id"))
        ):
            raw[row["area"]]["skip" if row["score"] is None else str(row["score"])] = row["n"]
        campaign.results = dict(raw)
        campaign.results_responses = CampaignResponse.objects.filter(campaign=campaign).count()
        campaign.save(update_fields=["results", "results_responses"])


class Migration(migrations.Migration):
    dependencies = [("checkins", "0006_campaign_results_in_steps")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
