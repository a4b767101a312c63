from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


goal_list = goal_detail = target_detail = theme_list = theme_detail = _todo
gcm_list = gcm_detail = summit_list = summit_detail = _todo
