/*
 * An LD_PRELOAD interposer that counts heap allocations: every call to malloc, calloc, realloc,
 * posix_memalign, aligned_alloc and memalign (the Swift runtime allocates through these too), with
 * atomic counters, forwarded to the next definition (libc's) found with dlsym(RTLD_NEXT, ...).
 * At exit it appends one line to the file named by $COUNT_MALLOCS_OUT (stderr when unset):
 *
 *   count-mallocs: pid P malloc M calloc C realloc R aligned A total T
 *
 * dlsym itself may call calloc before calloc is resolved: such calls are served from a small
 * static buffer (never freed), and free and realloc recognise pointers into it.
 *
 *   cc -O2 -shared -fPIC Benchmarks/count-mallocs.c -o bench-out/count-mallocs.so -ldl
 *   LD_PRELOAD=bench-out/count-mallocs.so COUNT_MALLOCS_OUT=counts.txt COMMAND...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);

static unsigned long long mallocs, callocs, reallocs, aligned;
static int resolving;

static _Alignas(16) char early[8192];  /* for the allocations of dlsym while resolving */
static size_t early_used;

static int is_early(const void *p) {
    return (const char *)p >= early && (const char *)p < early + sizeof early;
}

static void *early_alloc(size_t size) {
    size_t at = (__atomic_fetch_add(&early_used, (size + 15) & ~(size_t)15, __ATOMIC_RELAXED));
    if (at + size > sizeof early) return NULL;
    return memset(early + at, 0, size);
}

static void resolve(void) {
    if (next_malloc || resolving) return;
    resolving = 1;
    next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    next_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    next_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    next_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
    void *(*found)(size_t) = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    resolving = 0;
    __atomic_store_n(&next_malloc, found, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void resolve_at_load(void) {
    resolve();
}

static void count(unsigned long long *counter) {
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    resolve();
    if (!next_malloc) return early_alloc(size);
    count(&mallocs);
    return next_malloc(size);
}

void *calloc(size_t n, size_t size) {
    resolve();
    if (!next_calloc) return size && n > (size_t)-1 / size ? NULL : early_alloc(n * size);
    count(&callocs);
    return next_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    resolve();
    count(&reallocs);
    if (is_early(p) || !next_realloc) {  /* moved out of the static buffer; its old size is unknown, at most the rest */
        void *moved = next_malloc ? next_malloc(size) : early_alloc(size);
        size_t room = (size_t)(early + sizeof early - (char *)p);
        if (moved) memcpy(moved, p, size < room ? size : room);
        return moved;
    }
    return next_realloc(p, size);
}

void free(void *p) {
    if (!p || is_early(p)) return;
    resolve();
    if (next_free) next_free(p);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    resolve();
    count(&aligned);
    return next_posix_memalign(out, alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    resolve();
    count(&aligned);
    return next_aligned_alloc(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    resolve();
    count(&aligned);
    return next_memalign(alignment, size);
}

__attribute__((destructor)) static void report(void) {
    unsigned long long m = __atomic_load_n(&mallocs, __ATOMIC_RELAXED), c = __atomic_load_n(&callocs, __ATOMIC_RELAXED);
    unsigned long long r = __atomic_load_n(&reallocs, __ATOMIC_RELAXED), a = __atomic_load_n(&aligned, __ATOMIC_RELAXED);
    char line[256];
    int n = snprintf(line, sizeof line, "count-mallocs: pid %d malloc %llu calloc %llu realloc %llu aligned %llu total %llu\n",
                     (int)getpid(), m, c, r, a, m + c + r + a);
    const char *path = getenv("COUNT_MALLOCS_OUT");
    int fd = path && *path ? open(path, O_WRONLY | O_CREAT | O_APPEND, 0644) : 2;
    if (fd < 0) return;
    if (write(fd, line, (size_t)n) < 0) { /* nothing to do */ }
    if (fd != 2) close(fd);
}
