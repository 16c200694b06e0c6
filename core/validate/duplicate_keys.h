#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace ferry {

// Finds keys that appear twice in one JSON object. nlohmann keeps the last silently, so a file with two
// "id_in_provider_system" would deliver the second tenant's rows while a reader of the file sees the first.
// Works on text nlohmann already parsed (valid JSON), for the line numbers it does not report.
class DuplicateKeys
{
public:
    struct Duplicate
    {
        QString path;   // JSON path of the repeated key, e.g. "columns[0].data_type"
        int firstLine;  // 1-based
        int secondLine;
    };
    static QList<Duplicate> find(QByteArrayView json);
};

} // namespace ferry
