"""Questions asked of the store: named queries such as "which plans cite X"
(named), about documents (documents), read models for people (reports),
obligations read back (tasks) and
their views (views), deadlines as iCalendar (calendar)."""
