from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Unit
from medskapa.web.registries import cohort_measures

from .models import (
    LANES,
    Decision,
    GoalImage,
    JourneyMap,
    Phase,
    Project,
    Prototype,
    Reaction,
    Stage,
    TestRound,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm[Project]):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Owning unit"),
        empty_label=_("The whole organisation"),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "challenge",
            "unit",
            "description",
            "staff_notes",
            "starts_on",
            "target_on",
        ]
        widgets = {
            "starts_on": DATE,
            "target_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "staff_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class NameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)


class StartActivityForm(forms.Form):
    title = forms.CharField(label=_("Name of the activity"), max_length=150)
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), label=_("Phase"))
    notes = forms.CharField(
        label=_("Notes for the team"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, project: Project, card: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = project.phases.all()  # type: ignore[attr-defined]
        self.fields["phase"].label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]
        if card == "journey_map":
            self.fields["persona"] = forms.CharField(
                label=_("Whose journey"), max_length=200, required=False
            )
        if card == "user_test":
            self.fields["prototype"] = forms.ModelChoiceField(
                queryset=project.prototypes.all(),
                required=False,
                label=_("Prototype to test"),
                empty_label=_("A new prototype with the activity's name"),
            )
            self.fields["held_on"] = forms.DateField(label=_("Date"), required=False, widget=DATE)
        if card == "workshop":
            self.fields["starts_at"] = forms.DateTimeField(
                label=_("Starts"),
                required=False,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                help_text=_("You can change it later on the event's page."),
            )
            self.fields["place"] = forms.CharField(label=_("Place"), max_length=200, required=False)


class GoalImageForm(forms.ModelForm[GoalImage]):
    class Meta:
        model = GoalImage
        fields = ["text", "staff_notes"]
        widgets = {"staff_notes": forms.Textarea(attrs={"rows": 3})}


class ReactionForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What do you think?"), choices=Reaction.Choice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Do you want to say more? (you can skip this)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PrototypeForm(forms.ModelForm[Prototype]):
    measure_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Cohort: unit"),
        empty_label=_("The whole organisation"),
    )
    areas = forms.CharField(
        label=_("Life areas to measure"),
        required=False,
        help_text=_("Separate with commas."),
    )

    class Meta:
        model = Prototype
        fields = [
            "title",
            "hypothesis_if",
            "hypothesis_then",
            "hypothesis_seen",
            "what_made",
            "tested_with",
            "for_young_people",
            "open_for_rating",
            "outcome",
            "outcome_reason",
            "staff_notes",
            "measure_unit",
            "before_start",
            "before_end",
            "after_start",
            "after_end",
        ]
        labels = {
            "before_start": _("Before: from"),
            "before_end": _("Before: to"),
            "after_start": _("After: from"),
            "after_end": _("After: to"),
        }
        widgets = {
            "what_made": forms.Textarea(attrs={"rows": 3}),
            "for_young_people": forms.Textarea(attrs={"rows": 3}),
            "outcome_reason": forms.Textarea(attrs={"rows": 3}),
            "staff_notes": forms.Textarea(attrs={"rows": 3}),
            "before_start": DATE,
            "before_end": DATE,
            "after_start": DATE,
            "after_end": DATE,
        }

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_unit"].queryset = units  # type: ignore[attr-defined]
        choices = cohort_measures.measure_areas()
        current = list(self.instance.measure_areas or []) if self.instance.pk else []
        if choices:
            self.fields["areas"] = forms.MultipleChoiceField(
                label=_("Life areas to measure"),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=current,
            )
        else:
            self.fields["areas"].initial = ", ".join(current)

    def clean_areas(self) -> list[str]:
        value = self.cleaned_data.get("areas") or []
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if len(value) > 20 or any(len(v) > 60 for v in value):
            raise forms.ValidationError(_("Choose at most 20 life areas."))
        return list(value)


class TestRoundForm(forms.ModelForm[TestRound]):
    class Meta:
        model = TestRound
        fields = ["title", "held_on", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class TeamRatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating (1–5)"),
        choices=[("", _("No rating")), *SCORES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    test_round = forms.ModelChoiceField(
        queryset=TestRound.objects.none(), required=False, label=_("Test round")
    )

    def __init__(self, *args: Any, prototype: Prototype, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["test_round"].queryset = prototype.rounds.all()  # type: ignore[attr-defined]


class YoungRatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How good is the idea? 1 is bad, 5 is very good."),
        choices=[*SCORES, ("", _("I do not want to answer"))],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What should we change? (you can skip this)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.ModelForm[Decision]):
    class Meta:
        model = Decision
        fields = [
            "title",
            "for_young_people",
            "decided_by",
            "decided_on",
            "owner",
            "due_on",
            "status",
            "staff_notes",
        ]
        widgets = {
            "decided_on": DATE,
            "due_on": DATE,
            "for_young_people": forms.Textarea(attrs={"rows": 3}),
            "staff_notes": forms.Textarea(attrs={"rows": 3}),
        }


class JourneyMapForm(forms.ModelForm[JourneyMap]):
    class Meta:
        model = JourneyMap
        fields = ["title", "persona"]


FEELINGS = [
    ("", _("Not known")),
    ("2", _("+2 Very good")),
    ("1", _("+1 Good")),
    ("0", _("0 Neither good nor bad")),
    ("-1", _("−1 Bad")),
    ("-2", _("−2 Very bad")),
]


class StageForm(forms.Form):
    name = forms.CharField(label=_("Stage"), max_length=80)
    feeling = forms.TypedChoiceField(
        label=_("Feeling"), choices=FEELINGS, coerce=int, empty_value=None, required=False
    )


class CardForm(forms.Form):
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label=_("Stage"))
    lane = forms.ChoiceField(label=_("Lane"), choices=[(lane.value, lane.label) for lane in LANES])
    text = forms.CharField(label=_("Text"), max_length=300)

    def __init__(self, *args: Any, journey: JourneyMap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = journey.stages.all()  # type: ignore[attr-defined]


class CardTextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=300)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Project code"),
        max_length=20,
        help_text=_("Eight letters and numbers. You get it from the project team."),
    )


class LinkSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
