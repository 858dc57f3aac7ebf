#include "allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void tuneAllocatorForLargeLists()
{
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
}
