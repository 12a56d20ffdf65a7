/*
 * The peer for the classify benchmark: the matching part of classify done with Hyperscan, as well
 * as a C program can. Compiles the terms (one per line, as `cop-threats taxonomy terms` lists them)
 * with hs_compile_lit_multi, HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH, reads the JSONL corpus line by
 * line, decodes the string value of each record's "text" field and counts, per record, every term
 * found in it (each term once per record). Prints the total on stdout and, on stderr, the terms
 * compiled and skipped, the databases, the records with a match and the compile CPU time.
 *
 * Hyperscan rejects some literals (the empty one): they are skipped and counted. When the whole
 * set does not compile into one database (size or memory), it is compiled in 2, 4, 8... chunks and
 * every record is scanned with each (stderr says so). CASELESS folds ASCII letters only.
 *
 *   cc -O2 Benchmarks/hs-count.c $(pkg-config --cflags --libs libhs) -o bench-out/hs-count
 *   bench-out/hs-count TERMS.txt CORPUS.jsonl      (prints the number of term matches)
 */
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLAGS (HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH)
#define MAX_DATABASES 256

struct terms {
    char **text;
    size_t *len;
    unsigned *flags, *ids, count, skipped;
};

struct buffer {
    char *data;
    size_t len, cap;
};

static void push(struct buffer *b, const char *bytes, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->data = realloc(b->data, b->cap);
        if (!b->data) { perror("hs-count"); exit(1); }
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
}

static void push_utf8(struct buffer *b, unsigned long c) {
    char out[4];
    size_t n;
    if (c < 0x80) { out[0] = (char)c; n = 1; }
    else if (c < 0x800) { out[0] = (char)(0xC0 | c >> 6); out[1] = (char)(0x80 | (c & 0x3F)); n = 2; }
    else if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12); out[1] = (char)(0x80 | (c >> 6 & 0x3F)); out[2] = (char)(0x80 | (c & 0x3F)); n = 3;
    } else {
        out[0] = (char)(0xF0 | c >> 18); out[1] = (char)(0x80 | (c >> 12 & 0x3F));
        out[2] = (char)(0x80 | (c >> 6 & 0x3F)); out[3] = (char)(0x80 | (c & 0x3F)); n = 4;
    }
    push(b, out, n);
}

static int hex4(const char *p, const char *end, unsigned long *value) {
    if (end - p < 4) return 0;
    *value = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) return 0;
        *value = *value << 4 | (unsigned long)digit;
    }
    return 1;
}

/* Reads the JSON string whose opening quote is just before `p`, decoding it into `out` (when not
 * NULL); returns the position after its closing quote, or NULL when it does not end on the line. */
static const char *string(const char *p, const char *end, struct buffer *out) {
    while (p < end) {
        const char *run = p;
        while (p < end && *p != '"' && *p != '\\') p++;
        if (out) push(out, run, (size_t)(p - run));
        if (p == end) return NULL;
        if (*p++ == '"') return p;
        if (p == end) return NULL;
        char c = *p++, plain = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
        if (c != 'u') { if (out) push(out, &plain, 1); continue; }
        unsigned long code, low;
        if (!hex4(p, end, &code)) return NULL;
        p += 4;
        if (code >= 0xD800 && code < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' && hex4(p + 2, end, &low)
            && low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            p += 6;
        }
        if (out) push_utf8(out, code);
    }
    return NULL;
}

/* Decodes the "text" member of the top-level object on `line` into `text`; 0 when there is none. */
static int text_field(const char *p, const char *end, struct buffer *text, struct buffer *key) {
    int depth = 0, expect_key = 0;
    while (p < end) {
        char c = *p++;
        if (c == '"') {
            if (depth != 1 || !expect_key) { if (!(p = string(p, end, NULL))) return 0; continue; }
            key->len = 0;
            if (!(p = string(p, end, key))) return 0;
            expect_key = 0;
            while (p < end && (*p == ' ' || *p == '\t' || *p == ':')) p++;
            if (key->len == 4 && memcmp(key->data, "text", 4) == 0 && p < end && *p == '"') {
                text->len = 0;
                return string(p + 1, end, text) != NULL;
            }
        } else if (c == '{' || c == '[') {
            depth++;
            expect_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && depth == 1) {
            expect_key = 1;
        }
    }
    return 0;
}

static struct terms read_terms(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(1); }
    struct terms t = {0};
    size_t cap = 0, n = 0;
    char *line = NULL;
    ssize_t got;
    while ((got = getline(&line, &n, file)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) got--;
        if (got == 0) { t.skipped++; continue; }  /* Hyperscan rejects the empty literal */
        if (t.count == cap) {
            cap = cap * 2 + 1024;
            t.text = realloc(t.text, cap * sizeof *t.text);
            t.len = realloc(t.len, cap * sizeof *t.len);
            t.flags = realloc(t.flags, cap * sizeof *t.flags);
            t.ids = realloc(t.ids, cap * sizeof *t.ids);
            if (!t.text || !t.len || !t.flags || !t.ids) { perror("hs-count"); exit(1); }
        }
        t.text[t.count] = memcpy(malloc((size_t)got), line, (size_t)got);
        t.len[t.count] = (size_t)got;
        t.flags[t.count] = FLAGS;
        t.ids[t.count] = t.count;
        t.count++;
    }
    free(line);
    fclose(file);
    return t;
}

/* Removes term `at` from the list (Hyperscan rejected it) and counts it as skipped. */
static void drop(struct terms *t, unsigned at, const char *why) {
    fprintf(stderr, "hs-count: skipped term %u (%.*s): %s\n", t->ids[at], (int)t->len[at], t->text[at], why);
    free(t->text[at]);
    memmove(t->text + at, t->text + at + 1, (t->count - at - 1) * sizeof *t->text);
    memmove(t->len + at, t->len + at + 1, (t->count - at - 1) * sizeof *t->len);
    memmove(t->ids + at, t->ids + at + 1, (t->count - at - 1) * sizeof *t->ids);
    t->count--;
    t->skipped++;
}

/* Compiles terms [first, first + *count) into one database, dropping each literal Hyperscan
 * rejects (so *count may shrink); NULL with the message in `why` when the chunk fails as a whole
 * or has no term left (*count is then 0). */
static hs_database_t *compile(struct terms *t, unsigned first, unsigned *count, char *why, size_t why_len) {
    while (*count > 0) {
        hs_database_t *db = NULL;
        hs_compile_error_t *error = NULL;
        if (hs_compile_lit_multi((const char *const *)t->text + first, t->flags + first, t->ids + first, t->len + first,
                                 *count, HS_MODE_BLOCK, NULL, &db, &error) == HS_SUCCESS)
            return db;
        int bad = error->expression;
        snprintf(why, why_len, "%s", error->message);
        hs_free_compile_error(error);
        if (bad < 0) return NULL;
        drop(t, first + (unsigned)bad, why);
        (*count)--;
    }
    return NULL;
}

/* Compiles every term into as few databases as will compile (1, 2, 4, ...); returns how many. */
static unsigned compile_all(struct terms *t, hs_database_t **dbs) {
    char why[512] = "";
    for (unsigned chunks = 1; chunks <= MAX_DATABASES; chunks *= 2) {
        unsigned size = (t->count + chunks - 1) / chunks, first = 0, built = 0;
        while (first < t->count) {
            unsigned count = t->count - first < size ? t->count - first : size;
            hs_database_t *db = compile(t, first, &count, why, sizeof why);
            if (!db && count > 0) break;
            if (db) dbs[built++] = db;
            first += count;
        }
        if (first >= t->count) return built;
        for (unsigned i = 0; i < built; i++) hs_free_database(dbs[i]);
        fprintf(stderr, "hs-count: %u terms in %u database(s) did not compile (%s); trying %u\n",
                t->count, chunks, why, chunks * 2);
    }
    fprintf(stderr, "hs-count: the terms did not compile even in %d databases: %s\n", MAX_DATABASES, why);
    exit(1);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long long *)context;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s TERMS.txt CORPUS.jsonl\n", argv[0]);
        return 2;
    }
    struct terms t = read_terms(argv[1]);
    clock_t start = clock();
    static hs_database_t *dbs[MAX_DATABASES];
    unsigned databases = compile_all(&t, dbs);
    hs_scratch_t *scratch = NULL;
    for (unsigned i = 0; i < databases; i++)
        if (hs_alloc_scratch(dbs[i], &scratch) != HS_SUCCESS) { fprintf(stderr, "hs-count: hs_alloc_scratch failed\n"); return 1; }
    double compile_cpu = (double)(clock() - start) / CLOCKS_PER_SEC;

    FILE *corpus = fopen(argv[2], "r");
    if (!corpus) { perror(argv[2]); return 1; }
    struct buffer text = {0}, key = {0};
    unsigned long long matches = 0, records = 0, matched = 0, without_text = 0;
    char *line = NULL;
    size_t n = 0;
    ssize_t got;
    while ((got = getline(&line, &n, corpus)) >= 0) {
        if (!text_field(line, line + got, &text, &key)) { without_text++; continue; }
        unsigned long long before = matches;
        records++;
        for (unsigned i = 0; i < databases; i++)
            if (hs_scan(dbs[i], text.len ? text.data : "", (unsigned)text.len, 0, scratch, on_match, &matches) != HS_SUCCESS) {
                fprintf(stderr, "hs-count: hs_scan failed on record %llu\n", records);
                return 1;
            }
        matched += matches > before;
    }
    fclose(corpus);
    printf("%llu\n", matches);
    fprintf(stderr, "hs-count: %u terms compiled, %u skipped, %u database(s), compile %.2f s CPU; "
            "%llu records, %llu with a match, %llu lines without a text field\n",
            t.count, t.skipped, databases, compile_cpu, records, matched, without_text);
    return 0;
}
