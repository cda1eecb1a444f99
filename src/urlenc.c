/* urlenc.c */
#include "config.h"
extern int zrx_placeholder_urlenc;
