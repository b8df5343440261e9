<?php
// Newsletter sign-ups: POST /subscribe (email=…) records a sign-up, GET /health answers ok. Plain
// PHP behind the web server's front controller; sign-ups go to the log (a real one would store them).
declare(strict_types=1);

header('Content-Type: application/json');
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);

if ($path === '/health') {
    echo json_encode(['status' => 'ok']);
    return;
}
if ($path === '/subscribe' && ($_SERVER['REQUEST_METHOD'] ?? '') === 'POST') {
    $email = filter_var($_POST['email'] ?? '', FILTER_VALIDATE_EMAIL);
    if ($email === false) {
        http_response_code(400);
        echo json_encode(['error' => 'a valid email is required']);
        return;
    }
    error_log('newsletter: subscribed ' . $email);
    echo json_encode(['subscribed' => $email]);
    return;
}
http_response_code(404);
echo json_encode(['error' => 'not found']);
