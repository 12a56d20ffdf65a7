/*
 * The reference for the import benchmark: libxml2's xmlTextReader walking every node of a feed
 * on one thread, with the options the import uses (NONET | NOERROR | NOWARNING), doing nothing
 * with the nodes. No importer built on this reader can be faster on one thread.
 *
 *   cc -O2 Benchmarks/xml-reader-baseline.c $(pkg-config --cflags --libs libxml-2.0) -o bench-out/xml-reader-baseline
 *   bench-out/xml-reader-baseline FEED.xml      (prints the number of nodes)
 */
#include <libxml/xmlreader.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FEED.xml\n", argv[0]);
        return 2;
    }
    xmlTextReaderPtr reader = xmlReaderForFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (reader == NULL) return 1;
    long nodes = 0;
    int status;
    while ((status = xmlTextReaderRead(reader)) == 1) nodes++;
    xmlFreeTextReader(reader);
    printf("%ld\n", nodes);
    return status == 0 ? 0 : 1;
}
