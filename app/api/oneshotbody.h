#pragma once

#include <QIODevice>

// The body of a change, readable once. Qt's HTTP layer sends a request again, by itself, when a
// kept-alive connection closes before the answer — POST and PATCH included, although the server
// may have carried the first one out. It cannot rewind this device, so instead of sending the
// change a second time it fails with QNetworkReply::ContentReSendError, and the client decides.
class OneShotBody : public QIODevice
{
    Q_OBJECT

public:
    OneShotBody(const QByteArray &data, QObject *parent);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 size() const override { return m_data.size(); }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_read = 0;
};
