"""Form widgets for reference data."""

from django import forms


class TargetCheckboxes(forms.CheckboxSelectMultiple):
    """SDG targets as checkboxes, each labelled by the field and carrying the target's short
    label (`SDGTarget.label`) for the chip of its picker (workspace/_filter_box.html)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        target = getattr(value, "instance", None)
        if target is not None:
            option["attrs"]["data-chip"] = target.label
        return option
