from .navigation import home_url_for, public_links


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_public": public_links(),
        "nav_home": home_url_for(user) if user is not None and user.is_authenticated else None,
    }
