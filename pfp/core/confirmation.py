"""The page shown before an action that matters: what will happen, who is told, whether it can
be undone, and one button that posts the action (templates/confirm.html).

The page itself (a GET) changes nothing; the view that shows it takes the action on POST, so a
link can lead to it and no consequential action ever happens in one click.
"""

from django.shortcuts import render


def confirmation_page(
    request,
    *,
    title,
    subject,
    consequences,
    confirm_label,
    cancel_url,
    form=None,
    danger=False,
    status=200,
):
    """Render the confirmation of an action posted back to this page's URL.

    `subject` is what the action is about (a call's title); `consequences` the sentences that
    say what will happen; `form`, when the action takes input (a message), is shown above the
    button, with its errors.
    """
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "subject": subject,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "form": form,
            "danger": danger,
        },
        status=status,
    )
