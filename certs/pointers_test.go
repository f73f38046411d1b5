package certs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/imtest"
)

// TestPointerCredentialsWork: every credential type's methods work on a
// pointer too, so a *certs.Huawei is a certs.AndroidCredential; the calls
// that take one must send what it points to, not panic.
func TestPointerCredentialsWork(t *testing.T) {
	t.Parallel()
	h := huawei()
	var none *certs.Huawei
	cases := []struct {
		name string
		run  func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64)
	}{
		{"CreateAndroid with a pointer", func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64) {
			got, err := console.Certs.CreateAndroid(t.Context(), id, &h, certs.ClickAction{})
			require.NoError(t, err)
			assert.Equal(t, h.AppID, got.AppID)
		}},
		{"NewCreateRequest with a pointer", func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64) {
			req := certs.NewCreateRequest(id, &h, certs.ClickAction{})
			assert.Equal(t, certs.VendorHuawei, req.Vendor)
			assert.Equal(t, h.AppSecret, req.AppSecret)
		}},
		{"Update with a pointer", func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64) {
			created := newHuawei(t, console, id)
			got, err := console.Certs.Update(t.Context(), id, created.CertificateID, certs.Update{Credential: &certs.Huawei{PackageName: "com.example.other"}})
			require.NoError(t, err)
			assert.Equal(t, "com.example.other", got.PackageName)
		}},
		{"CreateAndroid with a nil pointer is refused locally", func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64) {
			_, err := console.Certs.CreateAndroid(t.Context(), id, none, certs.ClickAction{})
			requireLocal(t, srv, 0, err, "MissingParameter")
		}},
		{"Update with a nil pointer changes only the click action", func(t *testing.T, srv *imtest.Server, console *imconsole.Console, id uint64) {
			created := newHuawei(t, console, id)
			click := certs.OpenURL("https://example.com/inbox")
			got, err := console.Certs.Update(t.Context(), id, created.CertificateID, certs.Update{ClickAction: &click, Credential: none})
			require.NoError(t, err)
			assert.Equal(t, click, got.ClickAction)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, console, id := setup(t)
			tc.run(t, srv, console, id)
		})
	}
}
