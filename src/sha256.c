/* sha256.c */
#include "config.h"
extern int zrx_placeholder_sha256;
