// Client.Account against imtest, which serves cam GetUserAppId.

package client_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

func TestAccountAgainstImtest(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	a, err := c.Account(t.Context())
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[0-9]+$`), a.OwnerUin)
	assert.Regexp(t, regexp.MustCompile(`^[0-9]+$`), a.Uin)
	assert.NotZero(t, a.AppID)

	again, err := srv.Client()
	require.NoError(t, err)
	b, err := again.Account(t.Context())
	require.NoError(t, err)
	assert.Equal(t, a, b, "stable per account")
	assert.Len(t, srv.RequestsFor(client.ActionGetUserAppID), 2, "one lookup per client")

	otherID, otherKey := srv.NewAccount()
	other, err := srv.Client(client.WithCredentials(otherID, otherKey))
	require.NoError(t, err)
	o, err := other.Account(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, a.OwnerUin, o.OwnerUin)
}
