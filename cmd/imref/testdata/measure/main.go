// Command measure starts an imref binary on 127.0.0.1 and measures the
// hardening figures of docs/performance.md (run from the repository root):
//
//	go build -o /tmp/imref ./cmd/imref
//	go run ./cmd/imref/testdata/measure /tmp/imref rss|p12|conn
//
// rss: VmRSS before and after 100 unauthenticated 4 MiB POSTs to / and 50
// to /v4. p12: the slowest DescribeIMApps of another client while 200
// CreatePushCertificate requests carry a .p12 asking for 3 000 000 MAC
// iterations (for an unknown app, then for an existing one). conn: how long
// a connection trickling its body at 1 byte/s, and an idle keep-alive,
// stay open.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
)

func rss(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:"))
		}
	}
	return "?"
}

func main() {
	bin, what := os.Args[1], os.Args[2]
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-secret-id", "AKIDmeasure", "-secret-key", "measurekey")
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(out)
	sc.Scan()
	url := strings.TrimPrefix(sc.Text(), "imref serving on ")
	go io.Copy(io.Discard, out)
	pid := cmd.Process.Pid
	console, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDmeasure", "measurekey"), client.WithoutRetries())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	switch what {
	case "rss":
		fmt.Println("start VmRSS", rss(pid))
		body := bytes.Repeat([]byte("x"), 4<<20)
		for range 100 {
			req, _ := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-TC-Action", "DescribeIMApps")
			req.Header.Set("X-TC-Version", client.APIVersion)
			req.Header.Set("X-TC-Timestamp", fmt.Sprint(time.Now().Unix()))
			req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=AKIDmeasure/2026-12-01/im/tc3_request, SignedHeaders=content-type;host, Signature=00")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				panic(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		fmt.Println("after 100 x 4 MiB to / VmRSS", rss(pid))
		for range 50 {
			resp, err := http.Post(url+"/v4/im_open_login_svc/account_check?sdkappid=1400000001&identifier=administrator&usersig=bogus&random=1&contenttype=json", "application/json", bytes.NewReader(body))
			if err != nil {
				panic(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		fmt.Println("after 50 x 4 MiB more to /v4 VmRSS", rss(pid))
	case "p12":
		app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "m", Region: apps.RegionChina})
		if err != nil {
			panic(err)
		}
		hostile, _ := os.ReadFile("certs/testdata/mac-3m-iterations.p12")
		other, err := imconsole.New(client.WithEndpoint(url), client.WithCredentials("AKIDmeasure", "measurekey"), client.WithoutRetries())
		if err != nil {
			panic(err)
		}
		for _, target := range []uint64{app.SDKAppID + 1, app.SDKAppID} {
			done := make(chan struct{})
			var hostileTook []time.Duration
			var wg sync.WaitGroup
			wg.Go(func() {
				defer close(done)
				for range 200 {
					start := time.Now()
					err := console.Client.Call(ctx, certs.ActionCreate, map[string]any{"SdkAppId": target, "Vendor": "APNs", "AuthType": "Certificate", "P12": base64.StdEncoding.EncodeToString(hostile), "P12Password": "wrong", "BundleId": "com.example.app", "Environment": "Production"}, nil)
					hostileTook = append(hostileTook, time.Since(start))
					if ae, ok := err.(*client.APIError); ok && target == app.SDKAppID && len(hostileTook) == 1 {
						fmt.Println("  hostile answered", ae.Code)
					}
				}
			})
			var worst time.Duration
			n := 0
			for running := true; running; {
				select {
				case <-done:
					running = false
				default:
				}
				start := time.Now()
				if _, err := other.Apps.List(ctx, nil); err != nil {
					panic(err)
				}
				worst = max(worst, time.Since(start))
				n++
			}
			wg.Wait()
			slices.Sort(hostileTook)
			fmt.Printf("target app exists=%v: 200 hostile requests, median %v, slowest %v; %d concurrent DescribeIMApps, the slowest %v\n", target == app.SDKAppID, hostileTook[len(hostileTook)/2], hostileTook[len(hostileTook)-1], n, worst)
		}
	case "conn":
		addr := strings.TrimPrefix(url, "http://")
		var wg sync.WaitGroup
		measure := func(name string, prep func(net.Conn)) {
			wg.Go(func() {
				conn, err := net.Dial("tcp", addr)
				if err != nil {
					panic(err)
				}
				defer conn.Close()
				start := time.Now()
				prep(conn)
				conn.SetReadDeadline(time.Now().Add(45 * time.Second))
				_, err = io.Copy(io.Discard, conn)
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					fmt.Printf("%s: still open after %v\n", name, time.Since(start).Round(time.Second))
					return
				}
				fmt.Printf("%s: closed by the server after %v\n", name, time.Since(start).Round(100*time.Millisecond))
			})
		}
		measure("trickled body (1 byte/s)", func(c net.Conn) {
			fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
			go func() {
				for range 60 {
					if _, err := c.Write([]byte(" ")); err != nil {
						return
					}
					time.Sleep(time.Second)
				}
			}()
		})
		measure("idle keep-alive after one answer", func(c net.Conn) {
			fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
		wg.Wait()
	}
}
