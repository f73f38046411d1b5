// Package interop drives the reference server (imtest) with Tencent's own
// Go SDK, tencentcloud-sdk-go's common client: what a team in any language
// sees when it points Tencent's SDK at imtest or cmd/imref. It is a module
// of its own so that the main module gains no dependency; it has only
// tests. Run it with (cd interop && go test ./...).
package interop
