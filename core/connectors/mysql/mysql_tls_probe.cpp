#include "connectors/mysql/mysql_tls_probe.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>
#include <QtEndian>

namespace ferry {

namespace {

// Capability flags of MySQL's client/server protocol.
constexpr quint32 clientLongPassword = 0x1;
constexpr quint32 clientProtocol41 = 0x200;
constexpr quint32 clientSsl = 0x800;
constexpr quint32 clientSecureConnection = 0x8000;
constexpr char utf8mb4GeneralCi = 45;

// One protocol packet's payload (3-byte little-endian length, sequence number, payload), or nothing on timeout.
std::optional<QByteArray> readPacket(QSslSocket &socket, int timeoutMs)
{
    QByteArray data;
    qsizetype wanted = 4;
    while (data.size() < wanted) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(timeoutMs))
            return std::nullopt;
        data += socket.read(wanted - data.size());
        if (data.size() == 4 && wanted == 4)
            wanted = 4 + qFromLittleEndian<quint32>(data.constData()) % (1u << 24);
    }
    return data.mid(4);
}

// Connects and reads the server's greeting; empty when it offers TLS, otherwise why not.
std::optional<QString> greet(QSslSocket &socket, const QString &host, int port, int timeoutMs)
{
    socket.connectToHost(host, quint16(port)); // plain: MySQL switches to TLS after the server's greeting
    if (!socket.waitForConnected(timeoutMs))
        return socket.errorString();
    const std::optional<QByteArray> greeting = readPacket(socket, timeoutMs);
    if (!greeting || greeting->isEmpty())
        return QStringLiteral("the server sent no greeting");
    if (quint8(greeting->at(0)) == 0xff) // an error packet: code, then (with 4.1 protocol) '#', state, text
        return QStringLiteral("the server refused the connection: %1")
            .arg(QString::fromUtf8(greeting->mid(greeting->size() > 9 && greeting->at(3) == '#' ? 9 : 3)));
    // Protocol version, server version (NUL-terminated), thread id (4), scramble (8), filler (1), capabilities (2).
    const qsizetype versionEnd = greeting->indexOf('\0', 1);
    const qsizetype capabilities = versionEnd + 1 + 4 + 8 + 1;
    if (versionEnd < 0 || greeting->size() < capabilities + 2)
        return QStringLiteral("the server's greeting is not MySQL's protocol");
    if (!(qFromLittleEndian<quint16>(greeting->constData() + capabilities) & clientSsl))
        return QStringLiteral("the server does not offer TLS");
    return std::nullopt;
}

} // namespace

bool MysqlTlsProbe::offersTls(const QString &host, int port, int timeoutSeconds)
{
    QSslSocket socket;
    const bool offers = !greet(socket, host, port, timeoutSeconds * 1000).has_value();
    socket.abort();
    return offers;
}

std::optional<QString> MysqlTlsProbe::verifyHostName(const QString &host, int port, const QString &caFile,
                                                     int timeoutSeconds)
{
    const int timeoutMs = timeoutSeconds * 1000;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty()) {
        const QList<QSslCertificate> authorities = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (authorities.isEmpty())
            return QStringLiteral("no CA certificate could be read from ssl_root_cert %1").arg(caFile);
        config.setCaCertificates(authorities);
    }
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    QSslSocket socket;
    socket.setSslConfiguration(config);
    socket.setPeerVerifyName(host);
    if (const std::optional<QString> problem = greet(socket, host, port, timeoutMs))
        return problem;

    QByteArray request(4 + 32, '\0');
    request[0] = 32; // payload length; sequence number 1
    request[3] = 1;
    qToLittleEndian<quint32>(clientLongPassword | clientProtocol41 | clientSsl | clientSecureConnection,
                             request.data() + 4);
    qToLittleEndian<quint32>(1u << 24, request.data() + 8); // max packet size
    request[12] = utf8mb4GeneralCi;
    socket.write(request);
    if (!socket.waitForBytesWritten(timeoutMs))
        return socket.errorString();
    socket.startClientEncryption();
    if (!socket.waitForEncrypted(timeoutMs)) {
        QStringList reasons;
        for (const QSslError &error : socket.sslHandshakeErrors()) {
            reasons.append(error.error() == QSslError::HostNameMismatch
                               ? QStringLiteral("the server's certificate does not match host name \"%1\"").arg(host)
                               : error.errorString());
        }
        if (reasons.isEmpty())
            reasons.append(socket.errorString());
        reasons.removeDuplicates();
        return reasons.join(QStringLiteral("; "));
    }
    socket.abort(); // nothing is sent over the encrypted connection
    return std::nullopt;
}

} // namespace ferry
