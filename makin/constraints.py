"""Rules the database keeps itself, so that a write which skips the forms and services (a
QuerySet.update, a data migration, the shell) cannot store a value the code does not know.
Each is a CheckConstraint in the model's Meta, created by a migration."""

from django.db import models


def keep_choices(model):
    """Class decorator: every field of the model with choices (an enum) gets a CheckConstraint
    holding it to those values, "" when the field may be blank, NULL when it may be null.
    Adding a value to an enum then needs a migration, like any other change of schema."""
    added = []
    for field in model._meta.local_fields:
        if not field.choices:
            continue
        values = [value for value, _label in field.flatchoices]
        condition = models.Q(**{f"{field.name}__in": values})
        if field.blank and "" not in values and not field.null:
            condition |= models.Q(**{field.name: ""})
        if field.null:
            condition |= models.Q(**{f"{field.name}__isnull": True})
        name = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_valid"
        added.append(models.CheckConstraint(condition=condition, name=name))
    model._meta.constraints = [*model._meta.constraints, *added]
    # Migrations read a model's constraints only when its Meta declared some.
    model._meta.original_attrs["constraints"] = model._meta.constraints
    return model


def not_negative(field: str) -> models.CheckConstraint:
    """An amount of money or a count is zero or more (NULL stays allowed where the field is)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}),
        name=f"%(app_label)s_%(class)s_{field}_not_negative",
    )


def in_range(field: str, low: int, high: int) -> models.CheckConstraint:
    """A number between low and high inclusive, or NULL."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__range": (low, high)}),
        name=f"%(app_label)s_%(class)s_{field}_range",
    )
