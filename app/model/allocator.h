#pragma once

// Keeps the heap of a 100,000-group list small: glibc's default of one malloc arena per thread
// that ever allocated, and a high trim threshold, leave tens of MB of freed memory resident
// after the list pages are parsed on worker threads. No effect elsewhere.
void tuneAllocatorForLargeLists();
