#include "config.h"
#include <zrx.h>
int main(void) { return 0; }
