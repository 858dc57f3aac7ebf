#pragma once

#include <QtGlobal>
#include <chrono>

// The most the client reads of each kind of answer, and how long one attempt may take: a server
// that sends more, or longer, is stopped there (while reading, not after). The one place where
// these bounds are written down.
namespace ReplyLimits {

// A page of a list, or a whole list from a server that ignores `take`: about 800,000 groups of
// about 300 bytes.
constexpr qint64 listPage = 256 * 1024 * 1024;
// One group, or the answer to a change.
constexpr qint64 single = 1024 * 1024;
// The people of one request for names (at most 100 ids): about 200 bytes each.
constexpr qint64 people = 1024 * 1024;
// The body of an error: only its first words are ever shown.
constexpr qint64 errorBody = 64 * 1024;
// How far Qt reads ahead of the client, which reads each answer as it arrives and stops it at its
// limit: with this, the most that a server can make the client hold beyond the limit.
constexpr qint64 readAhead = 512 * 1024;

} // namespace ReplyLimits
