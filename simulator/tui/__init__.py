"""The practice app: a Textual shell over :class:`simulator.session.Session`.

Only this package imports textual; build the app with :func:`simulator.tui.app.make_app`.
"""
