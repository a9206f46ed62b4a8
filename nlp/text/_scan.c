/* Character scans of the normalisation steps, one pass of C over a str's own buffer.
 *
 * Each of these steps is a few nanoseconds a character in Python's regex engine or in numpy
 * (the engine's cheapest character-class scan is ~3.4 ns a character; numpy builds several
 * arrays as long as the text). The rules stay in Python (nlp/text/normalize.py, fold.py,
 * bulk.py): these functions only walk the text with tables and flags built there, and the
 * tests compare each with the Python reference it replaces.
 *
 *   translate(text, table) -> str
 *       each character c < len(table) // 2 replaced by the table's UTF-16 unit c (a table
 *       of BMP characters as bytes), one for one; others kept.
 *   whitespace_runs(text) -> (text, starts, ends, new_starts) | None
 *       every run of two or more of space, tab and line feed becomes one tab if it holds
 *       a tab, else one space; the runs' offsets as bytes of int64 (None: no run).
 *   range_runs(text, lo, hi) -> (starts, ends)
 *       the maximal runs of characters within [lo, hi] (combining marks), as bytes of int64.
 *   forward(positions, orig_starts, orig_ends, norm_starts, norm_ends) -> list[int]
 *       `OffsetMap.forward` (normalize.py) over its edits as int64 columns.
 *   flagged_positions(text, classes) -> list[int]
 *       the positions of characters the rare-or-old-tone rule of normalize.py takes,
 *       from a table of flags per BMP code point (see `_tone_classes` there).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Flags of `flagged_positions`' class table (normalize.py builds it with the same bits). */
#define RARE 1        /* unified by the character table */
#define OA_OE 2       /* a toned a or e: old placement after an o */
#define UY 4          /* a toned y: old placement after a u */
#define O_VOWEL 8     /* o, O */
#define U_VOWEL 16    /* u, U */
#define LETTER 32     /* a letter: an old tone placement ends its syllable */

/* Each scan is written once as a macro over the character type of the str's buffer (1, 2 or
   4 bytes) and made for each: PyUnicode_READ in the loop branches on the kind at every
   character, which costs more than the scan itself. */

/* A str's buffer: its length and the width of its characters (its kind). */
typedef struct {
    const void *data;
    Py_ssize_t n;
    int kind;
} Chars;

static Chars
chars_of(PyObject *text)
{
    Chars chars = {PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text), PyUnicode_KIND(text)};
    return chars;
}

/* NAME_1, NAME_2 or NAME_4 (made by the macros below) for the str's width, given its buffer
   and length, then the rest of the arguments. */
#define BY_WIDTH(chars, NAME, ...)                                                           \
    ((chars).kind == PyUnicode_1BYTE_KIND ? NAME##_1((chars).data, (chars).n, __VA_ARGS__)   \
     : (chars).kind == PyUnicode_2BYTE_KIND ? NAME##_2((chars).data, (chars).n, __VA_ARGS__) \
     : NAME##_4((chars).data, (chars).n, __VA_ARGS__))

/* A scan's loop for each width BY_WIDTH dispatches on, from its DEFINE_<scan>(T, SUFFIX). */
#define FOR_EACH_WIDTH(DEFINE) DEFINE(Py_UCS1, 1) DEFINE(Py_UCS2, 2) DEFINE(Py_UCS4, 4)

/* translate: each character through a table of UTF-16 units (a BMP character each), into a
   buffer of two bytes a character (four when the text has characters past the BMP, which
   the table cannot reach), made a str by CPython (which finds its kind). */
#define DEFINE_TRANSLATE(T, SUFFIX, OUT)                                                   \
static void translate_##SUFFIX(const T *p, Py_ssize_t n, const uint16_t *table,            \
                               Py_UCS4 size, OUT *out)                                     \
{                                                                                          \
    _Pragma("GCC diagnostic ignored \"-Wtype-limits\"")                                    \
    for (Py_ssize_t i = 0; i < n; i++) {                                                   \
        Py_UCS4 c = p[i];                                                                  \
        out[i] = (OUT)(c < size ? table[c] : c);                                           \
    }                                                                                      \
}

DEFINE_TRANSLATE(Py_UCS1, 1, Py_UCS2)
DEFINE_TRANSLATE(Py_UCS2, 2, Py_UCS2)
DEFINE_TRANSLATE(Py_UCS4, 4, Py_UCS4)

static PyObject *
scan_translate(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*:translate", &text, &table))
        return NULL;
    Chars chars = chars_of(text);
    Py_UCS4 size = (Py_UCS4)(table.len / 2);
    int out_kind = chars.kind == PyUnicode_4BYTE_KIND ? PyUnicode_4BYTE_KIND : PyUnicode_2BYTE_KIND;
    void *out = PyMem_Malloc((size_t)(chars.n ? chars.n : 1) * out_kind);
    if (out == NULL) {
        PyBuffer_Release(&table);
        return PyErr_NoMemory();
    }
    BY_WIDTH(chars, translate, table.buf, size, out);
    PyBuffer_Release(&table);
    PyObject *result = PyUnicode_FromKindAndData(out_kind, out, chars.n);
    PyMem_Free(out);
    return result;
}

/* Without short-circuit branches: a text is a sixth whitespace, a branch on each character
   mispredicts often; a run (two or more together) is rare and its branch predictable. */
#define IS_BLANK(c) (((c) == ' ') | ((c) == '\t') | ((c) == '\n'))

/* The runs of a text, grown as found (a text has one for every hundred characters or so). */
typedef struct {
    int64_t *at;            /* start, end, new start of each run, in turn */
    Py_ssize_t count, capacity;
} Runs;

static int
runs_add(Runs *r, int64_t start, int64_t end, int64_t new_start)
{
    if (r->count == r->capacity) {
        Py_ssize_t capacity = r->capacity ? 2 * r->capacity : 256;
        int64_t *at = PyMem_Realloc(r->at, (size_t)capacity * 3 * sizeof(int64_t));
        if (at == NULL)
            return -1;
        r->at = at;
        r->capacity = capacity;
    }
    int64_t *row = r->at + 3 * r->count++;
    row[0] = start; row[1] = end; row[2] = new_start;
    return 0;
}

/* whitespace_runs over one kind: the text without its runs' extra characters into `dst`
   (as long as the text), the runs into `r`. Returns the length written, or -1. */
#define DEFINE_RUNS(T, SUFFIX)                                                             \
static Py_ssize_t runs_##SUFFIX(const T *p, Py_ssize_t n, T *dst, Runs *r)                 \
{                                                                                          \
    Py_ssize_t last = 0, written = 0;                                                      \
    int prev = n > 0 && IS_BLANK(p[0]);                                                    \
    for (Py_ssize_t i = 1; i < n; i++) {                                                   \
        int cur = IS_BLANK(p[i]);                                                          \
        if (!(prev & cur)) {                                                               \
            prev = cur;                                                                    \
            continue;                                                                      \
        }                                                                                  \
        Py_ssize_t start = i - 1, j = i + 1;                                               \
        int tab = (p[start] == '\t') | (p[i] == '\t');                                     \
        while (j < n && IS_BLANK(p[j])) {                                                  \
            tab |= p[j] == '\t';                                                           \
            j++;                                                                           \
        }                                                                                  \
        memcpy(dst + written, p + last, (size_t)(start - last) * sizeof(T));               \
        written += start - last;                                                           \
        if (runs_add(r, start, j, written) < 0)                                            \
            return -1;                                                                     \
        dst[written++] = tab ? '\t' : ' ';                                                 \
        last = j;                                                                          \
        i = j;              /* p[j] is not whitespace (or the text ends) */                \
        prev = 0;                                                                          \
    }                                                                                      \
    memcpy(dst + written, p + last, (size_t)(n - last) * sizeof(T));                       \
    return written + (n - last);                                                           \
}

FOR_EACH_WIDTH(DEFINE_RUNS)

static PyObject *
column_of(const Runs *r, int field)
{
    PyObject *column = PyBytes_FromStringAndSize(NULL, r->count * (Py_ssize_t)sizeof(int64_t));
    if (column == NULL)
        return NULL;
    int64_t *out = (int64_t *)PyBytes_AS_STRING(column);
    for (Py_ssize_t k = 0; k < r->count; k++)
        out[k] = r->at[3 * k + field];
    return column;
}

static PyObject *
scan_whitespace_runs(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:whitespace_runs", &text))
        return NULL;
    Chars chars = chars_of(text);
    /* Whitespace is ASCII: taking it out keeps the text's largest character, so its kind. */
    PyObject *out = PyUnicode_New(chars.n, PyUnicode_MAX_CHAR_VALUE(text));
    if (out == NULL)
        return NULL;
    Runs r = {NULL, 0, 0};
    Py_ssize_t length = BY_WIDTH(chars, runs, PyUnicode_DATA(out), &r);
    PyObject *result = NULL;
    if (length < 0) {
        PyErr_NoMemory();
    } else if (r.count == 0) {
        result = Py_None;
        Py_INCREF(result);
    } else if (PyUnicode_Resize(&out, length) == 0) {
        PyObject *starts = column_of(&r, 0), *ends = column_of(&r, 1), *new_starts = column_of(&r, 2);
        if (starts && ends && new_starts)
            result = Py_BuildValue("(ONNN)", out, starts, ends, new_starts);
        else {
            Py_XDECREF(starts); Py_XDECREF(ends); Py_XDECREF(new_starts);
        }
    }
    Py_XDECREF(out);
    PyMem_Free(r.at);
    return result;
}

/* flagged_positions: appends to `found`; -1 on an error. */
#define DEFINE_FLAGGED(T, SUFFIX)                                                          \
static int flagged_##SUFFIX(const T *p, Py_ssize_t n, const unsigned char *flags,          \
                            Py_UCS4 size, PyObject *found)                                 \
{                                                                                          \
    _Pragma("GCC diagnostic ignored \"-Wtype-limits\"")                                    \
    for (Py_ssize_t i = 0; i < n; i++) {                                                   \
        Py_UCS4 c = p[i];                                                                  \
        unsigned char f = c < size ? flags[c] : 0;                                         \
        if (!(f & (RARE | OA_OE | UY)))                                                    \
            continue;                                                                      \
        int take = 0;                                                                      \
        if (f & RARE) {                                                                    \
            take = 1;                                                                      \
        } else if ((f & (OA_OE | UY)) && i > 0) {                                          \
            Py_UCS4 b = p[i - 1];                                                          \
            unsigned char before = b < size ? flags[b] : 0;                                \
            int paired = ((f & OA_OE) && (before & O_VOWEL)) || ((f & UY) && (before & U_VOWEL)); \
            if (paired && i + 1 < n) {                                                     \
                Py_UCS4 a = p[i + 1];                                                      \
                paired = !((a < size ? flags[a] : 0) & LETTER);                            \
            }                                                                              \
            take = paired;                                                                 \
        }                                                                                  \
        if (take) {                                                                        \
            PyObject *at = PyLong_FromSsize_t(i);                                          \
            if (at == NULL || PyList_Append(found, at) < 0) {                              \
                Py_XDECREF(at);                                                            \
                return -1;                                                                 \
            }                                                                              \
            Py_DECREF(at);                                                                 \
        }                                                                                  \
    }                                                                                      \
    return 0;                                                                              \
}

FOR_EACH_WIDTH(DEFINE_FLAGGED)

static PyObject *
scan_flagged_positions(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer classes;
    if (!PyArg_ParseTuple(args, "Uy*:flagged_positions", &text, &classes))
        return NULL;
    Chars chars = chars_of(text);
    const unsigned char *flags = (const unsigned char *)classes.buf;
    Py_UCS4 size = (Py_UCS4)classes.len;
    PyObject *found = PyList_New(0);
    int failed = found == NULL || BY_WIDTH(chars, flagged, flags, size, found) < 0;
    PyBuffer_Release(&classes);
    if (failed) {
        Py_XDECREF(found);
        return NULL;
    }
    return found;
}

/* range_runs: the maximal runs of characters within [lo, hi], as (starts, ends) of int64. */
#define DEFINE_RANGE_RUNS(T, SUFFIX)                                                       \
static int range_runs_##SUFFIX(const T *p, Py_ssize_t n, Py_UCS4 lo, Py_UCS4 hi, Runs *r)  \
{                                                                                          \
    _Pragma("GCC diagnostic ignored \"-Wtype-limits\"")                                    \
    for (Py_ssize_t i = 0; i < n; i++) {                                                   \
        if ((Py_UCS4)p[i] - lo > hi - lo)   /* one compare: below lo wraps round */        \
            continue;                                                                      \
        Py_ssize_t j = i + 1;                                                              \
        while (j < n && (Py_UCS4)p[j] - lo <= hi - lo)                                     \
            j++;                                                                           \
        if (runs_add(r, i, j, 0) < 0)                                                      \
            return -1;                                                                     \
        i = j;                                                                             \
    }                                                                                      \
    return 0;                                                                              \
}

FOR_EACH_WIDTH(DEFINE_RANGE_RUNS)

static PyObject *
scan_range_runs(PyObject *self, PyObject *args)
{
    PyObject *text;
    unsigned int lo, hi;
    if (!PyArg_ParseTuple(args, "UII:range_runs", &text, &lo, &hi))
        return NULL;
    if (lo > hi) {
        PyErr_SetString(PyExc_ValueError, "range_runs: lo > hi");
        return NULL;
    }
    Chars chars = chars_of(text);
    Runs r = {NULL, 0, 0};
    int failed = BY_WIDTH(chars, range_runs, lo, hi, &r);
    PyObject *result = NULL;
    if (failed) {
        PyErr_NoMemory();
    } else {
        PyObject *starts = column_of(&r, 0), *ends = column_of(&r, 1);
        if (starts && ends)
            result = Py_BuildValue("(NN)", starts, ends);
        else {
            Py_XDECREF(starts); Py_XDECREF(ends);
        }
    }
    PyMem_Free(r.at);
    return result;
}

/* forward: OffsetMap.forward over the edits as four int64 columns (normalize.py). */
static PyObject *
scan_forward(PyObject *self, PyObject *args)
{
    PyObject *positions;
    Py_buffer col[4];       /* orig_start, orig_end, norm_start, norm_end */
    if (!PyArg_ParseTuple(args, "O!y*y*y*y*:forward", &PyList_Type, &positions,
                          &col[0], &col[1], &col[2], &col[3]))
        return NULL;
    const int64_t *orig_starts = col[0].buf, *orig_ends = col[1].buf;
    const int64_t *norm_starts = col[2].buf, *norm_ends = col[3].buf;
    Py_ssize_t n = col[0].len / (Py_ssize_t)sizeof(int64_t), count = PyList_GET_SIZE(positions);
    PyObject *out = NULL;
    for (int k = 1; k < 4; k++) {
        if (col[k].len != col[0].len) {
            PyErr_SetString(PyExc_ValueError, "forward: the four columns differ in length");
            goto done;
        }
    }
    out = PyList_New(count);
    if (out == NULL || count == 0)
        goto done;
    int64_t first = PyLong_AsLongLong(PyList_GET_ITEM(positions, 0));
    if (first == -1 && PyErr_Occurred())
        goto fail;
    /* The first edit that may hold the first position: the one before the first starting at or
       after it (bisect_left - 1). */
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (orig_starts[mid] < first) lo = mid + 1; else hi = mid;
    }
    Py_ssize_t i = lo > 0 ? lo - 1 : 0;
    int64_t shift = i ? norm_ends[i - 1] - orig_ends[i - 1] : 0, previous = first;
    for (Py_ssize_t k = 0; k < count; k++) {
        int64_t p = PyLong_AsLongLong(PyList_GET_ITEM(positions, k));
        if (p == -1 && PyErr_Occurred())
            goto fail;
        if (p < previous) {
            PyErr_SetString(PyExc_ValueError, "forward: positions must ascend");
            goto fail;
        }
        previous = p;
        while (i < n && orig_ends[i] <= p) {      /* edits that end before p shift it */
            shift = norm_ends[i] - orig_ends[i];
            i++;
        }
        PyObject *at = PyLong_FromLongLong(i < n && orig_starts[i] <= p ? norm_starts[i] : p + shift);
        if (at == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, at);
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    for (int k = 0; k < 4; k++)
        PyBuffer_Release(&col[k]);
    return out;
}

static PyMethodDef scan_methods[] = {
    {"translate", scan_translate, METH_VARARGS,
     "translate(text, table): each character c < len(table) // 2 replaced by the table's "
     "UTF-16 unit c."},
    {"whitespace_runs", scan_whitespace_runs, METH_VARARGS,
     "whitespace_runs(text): (text, starts, ends, new_starts) with every run of two or more "
     "spaces, tabs and line feeds made one tab (if it holds one) or space; None if none."},
    {"flagged_positions", scan_flagged_positions, METH_VARARGS,
     "flagged_positions(text, classes): positions of rare characters and old tone placements."},
    {"range_runs", scan_range_runs, METH_VARARGS,
     "range_runs(text, lo, hi): (starts, ends) as int64 bytes of the maximal runs of characters "
     "within [lo, hi]."},
    {"forward", scan_forward, METH_VARARGS,
     "forward(positions, orig_starts, orig_ends, norm_starts, norm_ends): OffsetMap.forward "
     "over int64 columns."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT, "_scan",
    "Character scans of the normalisation steps in C (see nlp/text/_scan.c).", -1, scan_methods
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&scan_module);
}
