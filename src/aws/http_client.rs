//! The HTTP stack every AWS call of ours goes through (runtime, control plane, credential
//! providers): the SDK's default one — hyper 1 over rustls with aws-lc, the platform's root
//! certificates (SSL_CERT_FILE and SSL_CERT_DIR honoured), ALPN h2 then http/1.1, TCP_NODELAY, the
//! SDK's connect and read timeouts — with the per-connection buffers bounded.
//!
//! Why our own: the SDK's builder does not expose hyper's buffer settings, and their defaults
//! cost a streaming client dearly. An HTTP/1.1 connection's read buffer grows to ~400 KiB
//! whenever the socket holds more than the last read took, which every fast stream does, so 256
//! concurrent streams held ~60 MB of read buffers (heaptrack, bench 256 × 2000 deltas). An
//! HTTP/2 stream's default receive window (2 MiB) lets a slow reader buffer as much.
//!
//! Behind a proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY) the SDK's own client is used, exactly as
//! the SDK builds it: its proxy support (CONNECT tunnels, NO_PROXY, credentials in the URL) is
//! not ours to copy, and buffers are then bounded by the proxy's pace as much as ours.

use std::borrow::Cow;
use std::collections::HashMap;
use std::error::Error;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::ErrorKind;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// An HTTP/1.1 connection's read buffer at most (hyper's floor is 8 KiB). Event-stream frames
/// are a few KB, and a read is handed on before the next one, so this only caps how far ahead
/// of the reader one read goes.
const HTTP1_MAX_READ_BUFFER: usize = 32 * 1024;
/// How much of one HTTP/2 stream may arrive before its reader has taken it.
const HTTP2_STREAM_WINDOW: u32 = 256 * 1024;
/// The SDK's default (hyper-util's is 90 s as well): idle pooled connections are closed after this.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The HTTP client for one set of SDK clients: its connection pools live as long as they do, so
/// dropping cached clients closes their connections. The bounded one, or the SDK's own when a
/// proxy variable is set.
pub fn for_new_clients() -> SharedHttpClient {
    if proxy_configured(|name| std::env::var_os(name)) {
        sdk_default_with_proxy()
    } else {
        SharedHttpClient::new(BoundedHttpClient::default())
    }
}

/// The variables the SDK's proxy matcher reads (hyper-util's `Matcher::from_env`), from the
/// process environment as it does.
fn proxy_configured(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .into_iter()
        .any(|name| var(name).is_some_and(|value| !value.is_empty()))
}

/// What `aws-smithy-runtime`'s `default_https_client` builds for behaviour versions that read
/// the proxy from the environment.
fn sdk_default_with_proxy() -> SharedHttpClient {
    use aws_smithy_http_client::proxy::ProxyConfig;
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    use aws_smithy_http_client::{Builder, ConnectorBuilder};

    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default().tls_provider(Provider::Rustls(CryptoMode::AwsLc));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}

/// Connectors by the timeouts they were asked for, built once each (each has its own pool).
#[derive(Debug, Default)]
struct BoundedHttpClient {
    connectors: Mutex<HashMap<(Option<Duration>, Option<Duration>), SharedHttpConnector>>,
}

impl HttpClient for BoundedHttpClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, _components: &RuntimeComponents) -> SharedHttpConnector {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = self.connectors.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        connectors
            .entry(key)
            .or_insert_with(|| SharedHttpConnector::new(BoundedConnector::new(key.0, key.1)))
            .clone()
    }

    /// What the SDK's own client reports in the User-Agent (`md/http#hyper-1.x`): it is that stack.
    fn connector_metadata(&self) -> Option<ConnectorMetadata> {
        Some(ConnectorMetadata::new("hyper", Some(Cow::Borrowed("1.x"))))
    }
}

#[derive(Debug)]
struct BoundedConnector {
    client: Client<HttpsConnector<TcpConnector>, SdkBody>,
    read_timeout: Option<Duration>,
}

impl BoundedConnector {
    fn new(connect_timeout: Option<Duration>, read_timeout: Option<Duration>) -> Self {
        let mut tcp = TcpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls_config())
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(tcp);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .http1_max_buf_size(HTTP1_MAX_READ_BUFFER)
            .http2_initial_stream_window_size(HTTP2_STREAM_WINDOW)
            .build(https);
        Self { client, read_timeout }
    }
}

impl HttpConnector for BoundedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(err) => return HttpConnectorFuture::ready(Err(ConnectorError::user(err.into()))),
        };
        let response = self.client.request(request);
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            let response = match read_timeout {
                Some(limit) => match tokio::time::timeout(limit, response).await {
                    Ok(response) => response,
                    Err(elapsed) => return Err(ConnectorError::timeout(elapsed.into())),
                },
                None => response.await,
            };
            match response {
                Ok(response) => HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                    .map_err(|err| ConnectorError::other(err.into(), None)),
                Err(err) => Err(classified(err)),
            }
        })
    }
}

/// The SDK's TLS settings: aws-lc, TLS 1.2 and 1.3, the platform's roots.
fn tls_config() -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // ALPN is set by hyper-rustls from the protocols enabled (h2 first).
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|builder| builder.with_root_certificates(platform_roots()).with_no_client_auth())
        .unwrap_or_else(|_| unreachable!("aws-lc supports the default protocol versions"))
}

/// Read once per process, like the SDK does: parsing a few hundred certificates costs ms.
fn platform_roots() -> rustls::RootCertStore {
    static ROOTS: LazyLock<rustls::RootCertStore> = LazyLock::new(|| {
        let mut roots = rustls::RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        roots
    });
    ROOTS.clone()
}

/// What kind of failure this is, as the SDK's own client tells them apart: timeouts and I/O
/// (refused, reset, TLS) are transient, a malformed request is the caller's.
fn classified(err: hyper_util::client::legacy::Error) -> ConnectorError {
    let kind = kind_of(&err);
    let boxed: BoxError = err.into();
    match kind {
        Kind::Timeout => ConnectorError::timeout(boxed),
        Kind::User => ConnectorError::user(boxed),
        Kind::Transient => ConnectorError::other(boxed, Some(ErrorKind::TransientError)),
        Kind::Io => ConnectorError::io(boxed),
        Kind::Other => ConnectorError::other(boxed, None),
    }
}

enum Kind {
    Timeout,
    User,
    Transient,
    Io,
    Other,
}

fn kind_of(err: &hyper_util::client::legacy::Error) -> Kind {
    let timed_out = chain(err).any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            || cause.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_timeout)
    });
    match chain(err).find_map(|cause| cause.downcast_ref::<hyper::Error>()) {
        _ if timed_out => Kind::Timeout,
        Some(hyper) if hyper.is_user() => Kind::User,
        Some(hyper) if hyper.is_incomplete_message() => Kind::Transient,
        Some(hyper) if hyper.is_closed() || hyper.is_canceled() => Kind::Io,
        _ if err.is_connect() || chain(err).any(|cause| cause.is::<std::io::Error>()) => Kind::Io,
        _ => Kind::Other,
    }
}

/// `err` and each of its causes, through an io::Error's payload as well.
fn chain<'a>(err: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(err), |&err| match err.downcast_ref::<std::io::Error>() {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
        None => err.source(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn connector() -> BoundedConnector {
        BoundedConnector::new(Some(Duration::from_secs(2)), None)
    }

    fn get(url: &str) -> HttpRequest {
        let request = http::Request::builder().uri(url).body(SdkBody::empty()).unwrap();
        HttpRequest::try_from(request).unwrap()
    }

    #[test]
    fn a_set_proxy_variable_selects_the_sdk_client_and_a_blank_one_does_not() {
        let env = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| set.iter().find(|(key, _)| *key == name).map(|(_, value)| value.into())
        };
        assert!(proxy_configured(env(&[("https_proxy", "http://proxy:3128")])));
        assert!(proxy_configured(env(&[("ALL_PROXY", "socks5://proxy")])));
        assert!(!proxy_configured(env(&[("HTTP_PROXY", ""), ("NO_PROXY", "*")])));
        assert!(!proxy_configured(env(&[])));
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_transient_io_failure() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        drop(listener);
        let err = connector().call(get(&url)).await.unwrap_err();
        assert!(err.is_io(), "{err:?}");
    }

    #[tokio::test]
    async fn a_connection_closed_before_the_response_is_transient() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
        });
        let err = connector().call(get(&url)).await.unwrap_err();
        assert!(err.is_io() || err.as_other() == Some(ErrorKind::TransientError), "{err:?}");
        server.await.unwrap();
    }

    #[tokio::test]
    async fn a_read_timeout_ends_a_request_the_server_never_answers() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let _server = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(socket);
        });
        let connector = BoundedConnector::new(None, Some(Duration::from_millis(100)));
        let err = connector.call(get(&url)).await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
    }

    /// The bound is what it says: a body far larger than the buffer, already waiting in the
    /// socket, is still read whole, in reads no larger than the bound.
    #[tokio::test]
    async fn a_large_body_arrives_whole_in_bounded_pieces() {
        use http_body_util::BodyExt;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let body = vec![b'x'; 4 * 1024 * 1024];
        let expected = body.len();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(&body).await.unwrap();
        });
        let response = connector().call(get(&url)).await.unwrap();
        let mut body = response.into_body();
        let (mut total, mut largest) = (0, 0);
        while let Some(frame) = body.frame().await {
            let data = frame.unwrap().into_data().unwrap();
            total += data.len();
            largest = largest.max(data.len());
            tokio::time::sleep(Duration::from_micros(50)).await;
        }
        assert_eq!(total, expected);
        assert!(largest <= HTTP1_MAX_READ_BUFFER, "a read of {largest} bytes");
    }
}
