#include "pagesamples.h"

// Kept out of the test's own file: moc cannot read raw strings with escaped quotes.
QList<std::pair<const char *, QByteArray>> pageSamples()
{
    QList<std::pair<const char *, QByteArray>> samples;
    samples.append(
        {"escapes",
         QByteArray(
             R"({"items":[{"id":"a\"b","name":"line\nbreak \\ \/ \t \u00e9 \ud83d\ude00 \u6771"}]})")});
    samples.append({"raw utf-8", QByteArray(R"({"items":[{"id":"x","name":"Zürich 東京 😀"}]})")});
    samples.append({"white space", QByteArray(" \n{ \"items\" : [ { \"id\" : \"x\" , \"favorite\" "
                                              ": true } ] , \"totalCount\" : 7 }\n ")});
    samples.append(
        {"unknown members",
         QByteArray(
             R"({"meta":{"a":[1,2.5e3,-0.1,{"b":null}],"c":"d"},"items":[{"id":"x","tags":["t"],"score":-1E-2,"owner":{"id":"o"}}],"totalCount":1})")});
    samples.append(
        {"nulls and odd types",
         QByteArray(R"({"items":[{"id":"x","name":null,"favorite":"yes","dateCreated":12}]})")});
    samples.append({"escaped key", QByteArray(R"({"it\u0065ms":[{"id":"x"}]})")});
    samples.append(
        {"other date forms",
         QByteArray(
             R"({"items":[{"id":"x","dateCreated":"2024-03-01T10:15:30Z","dateUpdated":"2024-03-01T12:15:30.5+02:00"}]})")});
    samples.append(
        {"kpi fields",
         QByteArray(
             R"({"items":[{"id":"k","name":"N","description":"d \u00e9\n","ownerId":"o","groupIds":["g1",2,null,"g\u0032",{"a":1}]}],"totalCount":1})")});
    samples.append(
        {"group ids not a list", QByteArray(R"({"items":[{"id":"k","groupIds":"g1"}]})")});
    samples.append({"empty", QByteArray(R"({"count":0,"items":[],"totalCount":0})")});
    samples.append({"missing comma", QByteArray(R"({"items":[{"id":"x" "name":"y"}]})")});
    samples.append({"trailing comma", QByteArray(R"({"items":[{"id":"x"},]})")});
    samples.append({"trailing garbage", QByteArray(R"({"items":[]} x)")});
    samples.append({"unterminated string", QByteArray(R"({"items":[{"id":"x)")});
    samples.append({"control character", QByteArray("{\"items\":[{\"id\":\"a\tb\"}]}")});
    samples.append({"bad escape", QByteArray(R"({"items":[{"id":"a\qb"}]})")});
    samples.append({"bad number", QByteArray(R"({"items":[],"totalCount":01})")});
    samples.append({"bare word", QByteArray(R"({"items":[],"x":nope})")});
    samples.append({"item not an object", QByteArray(R"({"items":[1]})")});
    samples.append({"single quotes", QByteArray(R"({'items':[]})")});
    samples.append({"deep nesting", QByteArray(R"({"x":)") + QByteArray(300, '[') +
                                        QByteArray(300, ']') + QByteArray(R"(,"items":[]})")});
    return samples;
}
