#include "validate/duplicate_keys.h"

#include <nlohmann/json.hpp>

#include <QHash>

namespace ferry {

namespace {

struct Frame
{
    bool isObject = false;
    bool expectKey = false;
    QHash<QByteArray, int> keyLines; // key -> line it first appeared on
    QByteArray key;                  // the current key (objects)
    int index = -1;                  // the current element (arrays)
};

QByteArray decodeKey(QByteArrayView raw)
{
    if (!raw.contains('\\'))
        return raw.toByteArray();
    const std::string quoted = '"' + std::string(raw.data(), std::size_t(raw.size())) + '"';
    try {
        return QByteArray::fromStdString(nlohmann::json::parse(quoted).get<std::string>());
    } catch (const nlohmann::json::exception &) {
        return raw.toByteArray();
    }
}

QString pathOf(const QList<Frame> &frames, const QByteArray &key)
{
    QString path;
    for (qsizetype i = 1; i < frames.size(); ++i) { // frames[0] is the document's own object
        const Frame &parent = frames[i - 1];
        if (parent.isObject)
            path += (path.isEmpty() ? QString() : QStringLiteral(".")) + QString::fromUtf8(parent.key);
        else
            path += QStringLiteral("[%1]").arg(parent.index);
    }
    return path.isEmpty() ? QString::fromUtf8(key) : path + QLatin1Char('.') + QString::fromUtf8(key);
}

} // namespace

QList<DuplicateKeys::Duplicate> DuplicateKeys::find(QByteArrayView json)
{
    QList<Duplicate> duplicates;
    QList<Frame> frames;
    int line = 1;
    // A value starts: inside an array, it is the next element.
    const auto valueStarts = [&frames] {
        if (!frames.isEmpty() && !frames.last().isObject)
            ++frames.last().index;
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        switch (c) {
        case '\n':
            ++line;
            break;
        case '{':
        case '[':
            valueStarts();
            frames.append(Frame{c == '{', c == '{', {}, {}, -1});
            break;
        case '}':
        case ']':
            if (!frames.isEmpty())
                frames.removeLast();
            break;
        case ',':
            if (!frames.isEmpty() && frames.last().isObject)
                frames.last().expectKey = true;
            break;
        case '"': {
            const qsizetype start = i + 1;
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                if (json[i] == '\\')
                    ++i;
            }
            if (!frames.isEmpty() && frames.last().isObject && frames.last().expectKey) {
                Frame &object = frames.last();
                object.expectKey = false;
                object.key = decodeKey(json.sliced(start, i - start));
                const auto seen = object.keyLines.constFind(object.key);
                if (seen != object.keyLines.cend())
                    duplicates.append({pathOf(frames, object.key), *seen, line});
                else
                    object.keyLines.insert(object.key, line);
            } else {
                valueStarts();
            }
            break;
        }
        case ' ':
        case '\t':
        case '\r':
        case ':':
            break;
        default:
            // A number, true, false or null: one value, whatever its length.
            valueStarts();
            while (i + 1 < json.size() && !QByteArrayView(",]} \t\r\n").contains(json[i + 1]))
                ++i;
        }
    }
    return duplicates;
}

} // namespace ferry
