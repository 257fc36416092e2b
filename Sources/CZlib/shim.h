#ifndef VIGIE_CZLIB_SHIM_H
#define VIGIE_CZLIB_SHIM_H
#include <zlib.h>
#endif
