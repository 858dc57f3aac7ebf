#pragma once

class QThreadPool;

// One thread at idle priority (SCHED_IDLE on Linux) for work nobody waits for: sort orders
// computed ahead, caches written. It never takes a core from the GUI thread.
QThreadPool *idleWorkPool();
