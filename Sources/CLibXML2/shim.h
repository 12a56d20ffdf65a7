#ifndef COP_THREATS_CLIBXML2_SHIM_H
#define COP_THREATS_CLIBXML2_SHIM_H
// libxml2 built with ICU declares ICU types that clash with Foundation's own copy of ICU
// ("'UErrorCode' has different definitions in different modules"). Our parser never uses
// libxml2's ICU encoders, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

// `xmlFree` is a global function-pointer variable, which Swift 6 strict concurrency rejects.
static inline void cxml_free(void *pointer) { xmlFree(pointer); }
#endif
