#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> includes the
   system <unicode/ucnv.h>. Swift's Foundation ships its own ICU module and
   clang rejects two different UErrorCode definitions in one module. The ICU
   members are trailing fields of xmlCharEncodingHandler, which we never
   allocate or inspect by value. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void ngxml_free(void *pointer) { xmlFree(pointer); }
#endif
