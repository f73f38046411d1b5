package imtest

import (
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// RESTClient returns an IM REST API client of app sdkAppID (of any of the
// server's accounts) pointed at the started server: it signs as the app's
// "administrator" with the app's current key (its HMAC key, or a legacy
// ECDSA app's private key), follows the server's clock
// (restapi.WithClock(s.Now)) and waits on it
// (restapi.WithRateLimitWait(s.Sleep)): the rate limiter's waits and the
// backoff between retries (without jitter, the same in every run) move the
// server's clock instead of real time.
// opts are applied after those defaults (WithLogger, WithoutRetries,
// WithRateLimit...); restapi.WithRegion is refused, as restapi.New
// refuses it beside WithBaseURL.
//
// Each call builds a new client with its own connection pool and rate
// limiter: make one per app and share it. The client keeps the key it
// was built with: after
// UpgradeSignatureAlgorithm call RESTClient again. It fails when the
// server is not listening, or for an app that does not exist.
func (s *Server) RESTClient(sdkAppID uint64, opts ...restapi.Option) (*restapi.Client, error) {
	url := s.URL()
	if url == "" {
		return nil, errNotListening("RESTClient", "restapi.WithBaseURL")
	}
	signer, err := s.adminSigner(sdkAppID)
	if err != nil {
		return nil, err
	}
	all := append([]restapi.Option{
		restapi.WithBaseURL(url),
		restapi.WithClock(s.Now),
		restapi.WithRateLimitWait(s.Sleep),
	}, opts...)
	return restapi.New(sdkAppID, "administrator", signer, all...)
}

// adminSigner is a signer of app sdkAppID's current key, as Apps.Secret
// hands it out.
func (s *Server) adminSigner(sdkAppID uint64) (*usersig.Signer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked("RESTClient", sdkAppID)
	if err != nil {
		return nil, err
	}
	if a.app.SignatureAlgorithm == apps.AlgorithmECDSASHA256 {
		return usersig.NewECDSASigner(sdkAppID, []byte(a.ecdsaPrivate))
	}
	return usersig.NewHMACSigner(sdkAppID, a.hmacKey)
}
