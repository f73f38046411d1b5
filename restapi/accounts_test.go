package restapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestAccountsDeleteIsSentOnce: account_delete is a write that is not
// repeatable (facts: only account_import, "Re-import of same account
// creates only one internal ID (idempotent)", and multiaccount_import,
// "Existing accounts get updated", are), so a lost answer fails Delete
// after one request, and the deletion it made stands: the caller learns
// what is left with Check, not from a resend's 70107s.
func TestAccountsDeleteIsSentOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault imtest.Fault
	}{
		{"lost answer", imtest.Fault{LoseResponse: true}},
		{"gateway 502", imtest.Fault{HTTPStatus: 502}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
			tc.fault.Action = "im_open_login_svc/account_delete"
			f.srv.Inject(tc.fault)
			_, err := f.rc.Accounts.Delete(ctx, "alice")
			require.Error(t, err)
			assert.Len(t, f.srv.RequestsFor("im_open_login_svc/account_delete"), 1, "never resent")
			checked, err := f.rc.Accounts.Check(ctx, "alice", "bob")
			require.NoError(t, err)
			want := map[bool]string{true: restapi.AccountNotImported, false: restapi.AccountImported}[tc.fault.LoseResponse]
			assert.Equal(t, want, checked[0].AccountStatus, "a lost answer's deletion was applied")
			assert.Equal(t, restapi.AccountImported, checked[1].AccountStatus)
		})
	}
}
