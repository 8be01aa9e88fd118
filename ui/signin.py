"""Sign-in in the sidebar (a thin Streamlit wrapper over :func:`geo.auth.sign_in`).

The signed-in :class:`geo.auth.User` (with the time of sign-in: it lasts the
``session_hours`` setting) lives only in this browser session's server-side
``st.session_state`` — never in the URL, a cookie the page script can read, or a log:
a shared link carries no session. In single-user mode (a file store without accounts)
the sidebar says that the page is open to anyone who can reach it.
"""
from __future__ import annotations

import time

import streamlit as st

from geo.auth import SignInError, auth_mode, scope_names, sign_in, view_needs_signin
from geo.i18n import t

__all__ = ["USER_KEY", "current_user", "signin_sidebar", "role_label"]

USER_KEY = "yrdmap_user"


def current_user():
    """The signed-in user of this session, or ``None`` (also once the sign-in is older
    than the ``session_hours`` setting, :mod:`geo.config`)."""
    from geo import config

    entry = st.session_state.get(USER_KEY)
    if entry is None:
        return None
    user, since = entry
    if time.monotonic() - since > float(config.get("session_hours")) * 3600:
        st.session_state.pop(USER_KEY, None)
        return None
    return user


def role_label(role: str, lang: str) -> str:
    return t(f"tracking.role_{role}", lang)


def signin_error_text(exc: SignInError, lang: str) -> str:
    """The refusal in ``lang`` (a lock-out says how long; nothing says which part was wrong)."""
    if exc.retry_after is not None:
        return t("tracking.signin_locked", lang, s=exc.retry_after)
    return t("tracking.signin_failed", lang)


def _sign_out() -> None:
    st.session_state.pop(USER_KEY, None)


def signin_sidebar(lang: str, log=None):
    """The sidebar's sign-in box; returns the signed-in user (or ``None``). Stops the page
    when viewing needs sign-in and nobody is signed in."""
    from geo.tracking.service import edit_log

    log = log or edit_log()
    mode = auth_mode(log)
    box = st.sidebar.expander(t("tracking.signin", lang), expanded=current_user() is None
                              and mode == "team")
    with box:
        if mode == "single":
            st.caption(t("tracking.single_mode", lang))
            return None
        user = current_user()
        if user is not None:
            scope = "、".join(scope_names(user.scope, lang)) if user.scope else ""
            st.caption(t("tracking.signed_in_as", lang, name=user.name,
                         role=role_label(user.role, lang), scope=scope))
            st.button(t("tracking.signout", lang), on_click=_sign_out, key="yrdmap_signout")
        else:
            st.caption(t("tracking.team_mode_hint", lang))
            with st.form("yrdmap_signin", clear_on_submit=True):
                name = st.text_input(t("tracking.signin_name", lang), key="yrdmap_signin_name")
                password = st.text_input(t("tracking.signin_password", lang), type="password",
                                         key="yrdmap_signin_password")
                if st.form_submit_button(t("tracking.signin_submit", lang)):
                    try:
                        st.session_state[USER_KEY] = (sign_in(log, name, password),
                                                      time.monotonic())
                        st.rerun()
                    except SignInError as exc:
                        st.error(signin_error_text(exc, lang))
    if viewing_gated(log):
        st.info(t("tracking.view_needs_signin", lang))
        st.stop()
    return current_user()


def viewing_gated(log=None) -> bool:
    """Whether viewing needs a sign-in nobody in this session has given (team mode with
    ``signin_required``)."""
    from geo.tracking.service import edit_log

    return (auth_mode(log or edit_log()) == "team" and view_needs_signin()
            and current_user() is None)
