def axes_username(request, credentials):
    """The account a login attempt is for: the e-mail address, case-insensitively."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return (value or "").strip().lower() or None
