"""Questions asked of the store: named queries such as "which plans cite X" (named), about
documents (documents), read models for people (reports), obligations filtered by agency,
document and due date (tasks), deadlines as iCalendar (calendar)."""
