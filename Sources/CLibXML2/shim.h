#ifndef VIGIE_CLIBXML2_SHIM_H
#define VIGIE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers would then pull in ICU's, which clash with the copy of ICU that
   Foundation carries. Vigie never touches libxml2's ICU converters (it decodes documents itself), so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/xmlIO.h>
#include <libxml/uri.h>
#endif
