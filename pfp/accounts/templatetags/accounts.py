from django import template

register = template.Library()


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up: "try again in 30 minutes"."""
    seconds = int(duration.total_seconds())
    return max(1, -(-seconds // 60))
