/* jsonw.c */
#include "config.h"
extern int zrx_placeholder_jsonw;
