/* backoff.c */
#include "config.h"
extern int zrx_placeholder_backoff;
