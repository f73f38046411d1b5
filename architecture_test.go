package imconsole_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestArchitecture keeps the package graph as docs and README describe it:
// leaves stay leaves, and no service depends on the reference server.
func TestArchitecture(t *testing.T) {
	t.Parallel()
	const mod = "github.com/imconsole/imconsole/"
	forbidden := map[string][]string{
		"usersig":  {"client", "restapi", "apps", "imtest"},
		"restapi":  {"client", "apps", "admins", "tags", "certs", "imtest"},
		"callback": {"client", "apps", "admins", "tags", "certs", "imtest"},
		"client":   {"apps", "admins", "tags", "certs", "restapi", "imtest"},
		"apps":     {"imtest", "restapi"},
		"admins":   {"imtest", "restapi"},
		"tags":     {"imtest", "restapi"},
		"certs":    {"imtest", "restapi"},
		// The bodies shared by the services and imtest import neither:
		// the services import them.
		"internal/consolewire": {"apps", "admins", "tags", "certs", "restapi", "imtest"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", "./"+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps ./%s: %v", pkg, err)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[strings.TrimPrefix(d, mod)] = true
		}
		for _, b := range bad {
			if deps[b] {
				t.Errorf("%s depends on %s; keep that edge out: leaves stay leaves and no service depends on another's transport or on the reference server (README, Packages)", pkg, b)
			}
		}
	}

	// internal/testkit and internal/conformance are for tests only, as
	// Go's internal/testenv is: no package's own (non-test) code may
	// depend on them.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		for _, only := range []string{"internal/testkit", "internal/conformance"} {
			if strings.Contains(" "+deps+" ", " "+mod+only+" ") {
				t.Errorf("%s depends on %s; only tests may import it", strings.TrimPrefix(pkg, mod), only)
			}
		}
	}
}
